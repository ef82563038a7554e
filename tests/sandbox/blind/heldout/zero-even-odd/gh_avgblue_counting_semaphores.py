# source: https://github.com/AvgBlue/leetcode/blob/23cda12de42089a6adbdf78a908c1fb3fa750024/Python/print-zero-even-odd.py
# author-license: unknown
# edits: cut the demo/test code (run_test, main, __main__ block) after line 41 of the original
#
import threading


class ZeroEvenOdd:
    def __init__(self, n: int):
        self.n = n
        self.zero_sem=threading.Semaphore(1)
        
        self.odd_sem=threading.Semaphore(2)
        self.even_sem=threading.Semaphore(0)
        

        

    def zero(self, printNumber) -> None:
        for _ in range(self.n):
            self.zero_sem.acquire()
            printNumber(0)
            self.odd_sem.release()
            self.even_sem.release()


            
    def odd(self, printNumber) -> None:
            for i in range(1,self.n+1,2):
                self.odd_sem.acquire()
                self.odd_sem.acquire()
                self.odd_sem.acquire()
                printNumber(i)
                self.zero_sem.release()
                self.even_sem.release()


    def even(self, printNumber) -> None:
        for i in range(2,self.n+1,2):
            self.even_sem.acquire()
            self.even_sem.acquire()
            self.even_sem.acquire()
            printNumber(i)
            self.zero_sem.release()
            self.odd_sem.release()
