# source: https://github.com/HumbertoCG18/PUCRS-FPPD-2025.2/blob/6bc1c16a1d578d9f571800805ff3c4131c2d9be8/T2/Barber/Ex1.py
# author-license: unknown
# edits: cut the __main__ block after line 33
#
import threading
import random
import time

mtx = threading.Lock()
cv = threading.Condition(mtx)
waiting = []
NUM_CHAIRS = 3

def barber():
    while True:
        with cv:
            while not waiting:
                cv.wait()
            cust = waiting.pop(0)
        print(f'Barber cutting hair of customer {cust}')
        time.sleep(random.randint(1, 3))
        print(f'Barber finished with customer {cust}')
        with cv:
            cv.notify()

def customer(i):
    time.sleep(random.randint(1, 4))
    with cv:
        if len(waiting) < NUM_CHAIRS:
            waiting.append(i)
            print(f'Customer {i} waiting')
            cv.notify()
            while waiting[0] != i:
                cv.wait()
            print(f'Customer {i} got haircut')
        else:
            print(f'Customer {i} left (no seat)')
