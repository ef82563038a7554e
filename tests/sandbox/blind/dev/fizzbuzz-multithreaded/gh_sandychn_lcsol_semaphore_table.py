# source: https://github.com/sandychn/LeetCode-Solutions/blob/56e4a5652ed177b8c3a33f06b642fa88c753169c/Concurrency/1195-fizz-buzz-multithreaded.py
# author-license: MIT
# edits: cut the demo code after line 70 of the original (module-level demo threads / __main__ block at the end)
#
import threading

from typing import Callable


class FizzBuzz:
    def __init__(self, n: int):
        self.n = n
        self.current = 1
        self.fizzs = threading.Semaphore(0)
        self.buzzs =  threading.Semaphore(0)
        self.fizzbuzzs =  threading.Semaphore(0)
        self.numbers =  threading.Semaphore(0)
        self.sems = (self.numbers, self.fizzs, self.buzzs, self.fizzbuzzs)
        self.release()


    # printFizz() outputs "fizz"
    def fizz(self, printFizz: 'Callable[[], None]') -> None:
        while True:
            self.fizzs.acquire()
            if self.current > self.n:
                break
            printFizz()
            self.current += 1
            self.release()


    # printBuzz() outputs "buzz"
    def buzz(self, printBuzz: 'Callable[[], None]') -> None:
        while True:
            self.buzzs.acquire()
            if self.current > self.n:
                break
            printBuzz()
            self.current += 1
            self.release()


    # printFizzBuzz() outputs "fizzbuzz"
    def fizzbuzz(self, printFizzBuzz: 'Callable[[], None]') -> None:
        while True:
            self.fizzbuzzs.acquire()
            if self.current > self.n:
                break
            printFizzBuzz()
            self.current += 1
            self.release()


    # printNumber(x) outputs "x", where x is an integer.
    def number(self, printNumber: 'Callable[[int], None]') -> None:
        while True:
            self.numbers.acquire()
            if self.current > self.n:
                break
            printNumber(self.current)
            self.current += 1
            self.release()


    def release(self) -> None:
        current = self.current
        if current > self.n:
            for sem in self.sems:
                sem.release()
        else:
            self.sems[(current % 3 == 0) + ((current % 5 == 0) << 1)].release()


