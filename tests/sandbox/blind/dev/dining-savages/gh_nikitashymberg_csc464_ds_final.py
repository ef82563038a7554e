# source: https://github.com/NikitaShymberg/CSC464-Assignment-1/blob/6bdff251121840081abea55de163b2f3ad5f527b/DS/DS.py
# author-license: unknown
# edits: cut the module-level demo (thread creation/start/join) after line 41
#
import threading
from time import sleep, time

mutex = threading.Semaphore()
emptyPot = threading.Semaphore(0)
fullPot = threading.Semaphore(0)
pot = []
M = 10
runtimes = [0 for i in range(3)]

def cook():
    servings = 0
    for i in range(3):
        emptyPot.acquire()
        # Fill up the pot
        for i in range(M):
            pot.append(i)
        fullPot.release()

        servings += 1
        print('-'*16)
        print("Served : ", servings)

def savage(index):
    food = -1
    startTime = time()
    for i in range(10):
        mutex.acquire()
        if len(pot) == 0:
            emptyPot.release()
            fullPot.acquire()
        food = pot.pop()
        mutex.release()

        print("Eating : ", food)
        sleep(0.2)
    runtimes[index] = time() - startTime
