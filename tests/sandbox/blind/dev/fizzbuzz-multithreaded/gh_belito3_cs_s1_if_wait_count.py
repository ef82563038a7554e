# source: https://github.com/belito3/computer-science/blob/c171ef222e88f7fccaad6c09dfd060d537bd0189/concurrency/1195/s1.py
# author-license: unknown
# edits: cut the demo code after line 54 of the original (module-level demo threads / __main__ block at the end)
#
import threading


class FizzBuzz:
    def __init__(self, n: int):
        self.n = n
        self.cnt = 1
        self.conditon = threading.Condition()

    # printFizz() outputs "fizz"
    def fizz(self, printFizz: 'Callable[[], None]') -> None:
        for _ in range(self.n):
            with self.conditon:
                if (self.cnt % 3 == 0) & (self.cnt % 5 != 0):
                    printFizz()
                    self.conditon.notify_all()
                else:
                    self.conditon.wait()
                self.cnt += 1

    # printBuzz() outputs "buzz"
    def buzz(self, printBuzz: 'Callable[[], None]') -> None:
        for _ in range(self.n):
            with self.conditon:
                if (self.cnt % 5 == 0) & (self.cnt % 3 != 0):
                    printBuzz()
                    self.conditon.notify_all()
                else:
                    self.conditon.wait()
                self.cnt += 1

    # printFizzBuzz() outputs "fizzbuzz"
    def fizzbuzz(self, printFizzBuzz: 'Callable[[], None]') -> None:
        for _ in range(self.n):
            with self.conditon:
                if self.cnt % 15 == 0:
                    printFizzBuzz()
                    self.conditon.notify_all()
                else:
                    self.conditon.wait()
                self.cnt += 1

    # printNumber(x) outputs "x", where x is an integer.
    def number(self, printNumber: 'Callable[[int], None]') -> None:
        for _ in range(self.n):
            with self.conditon:
                if (self.cnt % 3 != 0) & (self.cnt % 5 != 0):
                    printNumber(self.cnt)
                    self.conditon.notify_all()
                else:
                    self.conditon.wait()
                self.cnt += 1


