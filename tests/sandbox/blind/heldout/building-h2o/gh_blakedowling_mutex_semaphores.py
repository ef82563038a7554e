# source: https://github.com/Blake-Dowling/Leetcode/blob/f78754aa7d10dc459f808d2ee932c9a18b14a02f/1117.%20Building%20H2O.py
# author-license: unknown
# edits: added import on header (import threading, implied by the LeetCode environment)
import threading
#
class H2O:
    def __init__(self):
        self.o_mutex = threading.Lock()
        self.h_mutex = threading.Lock()
        self.h_sem = threading.Semaphore(2)
        self.o_sem = threading.Semaphore(2)


    def hydrogen(self, releaseHydrogen: 'Callable[[], None]') -> None:
        with self.h_mutex:
            self.h_sem.acquire()
            # releaseHydrogen() outputs "H". Do not change or remove this line.
            releaseHydrogen()
            self.o_sem.release()



    def oxygen(self, releaseOxygen: 'Callable[[], None]') -> None:
        with self.o_mutex:
            self.o_sem.acquire()
            self.o_sem.acquire()
            # releaseOxygen() outputs "O". Do not change or remove this line.
            releaseOxygen()
            self.h_sem.release()
            self.h_sem.release()