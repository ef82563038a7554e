# source: https://github.com/NikitaShymberg/CSC464-Assignment-1/blob/dbbf9a47ecf55d1473acf3b87ca2418ef18b30ce/DS/DS.py
# author-license: unknown
# edits: cut the module-level demo (thread creation/start/join) after line 38
#
import threading
from time import sleep

mutex = threading.Semaphore()
emptyPot = threading.Semaphore(0)
fullPot = threading.Semaphore(0)
pot = []
M = 10

def cook():
    servings = 0
    for i in range(30):
        emptyPot.acquire()
        # Fill up the pot
        for i in range(M):
            pot.append(i)
        fullPot.release()

        servings += 1
        print('-'*16)
        print("Served : ", servings)

def savage():
    food = -1
    for i in range(10):
        mutex.acquire()
        if len(pot) == 0:
            emptyPot.release()
            fullPot.acquire()
        food = pot.pop()
        mutex.release()

        print("Eating : ", food, i)
        sleep(0.2)
