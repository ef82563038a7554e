# source: https://github.com/mohitanand001/concurrency-python/blob/8b881e391ce8cae7aa05e753231a9028582d5799/h2o.py
# author-license: unknown
# edits: cut the module-level demo code (thread creation, start, join) after line 40 of the original
#
import threading
import random

class H2O:
    def __init__(self):
        self.h_c = 0
        self.o_c = 0
        self.turn_l = threading.Condition()


    def hydrogen(self, releaseHydrogen: 'Callable[[], None]') -> None:
        self.turn_l.acquire()
        self.turn_l.wait_for(
            lambda: (self.h_c <= 1 and self.o_c <= 1)
        )
        self.h_c+=1
        releaseHydrogen()
        if self.h_c + self.o_c == 3:
            self.h_c = 0
            self.o_c = 0
        self.turn_l.notify_all()
        self.turn_l.release()
        # releaseHydrogen() outputs "H". Do not change or remove this line.


    def oxygen(self, releaseOxygen: 'Callable[[], None]') -> None:
        
        # releaseOxygen() outputs "O". Do not change or remove this line.
        self.turn_l.acquire()
        self.turn_l.wait_for(
            lambda: self.h_c <= 2 and self.o_c == 0
        )
        releaseOxygen()
        self.o_c+=1
        if self.h_c + self.o_c == 3:
            self.h_c = 0
            self.o_c = 0

        self.turn_l.notify_all()
        self.turn_l.release()
