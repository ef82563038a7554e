# source: https://github.com/belito3/computer-science/blob/c171ef222e88f7fccaad6c09dfd060d537bd0189/concurrency/1195/s2.py
# author-license: unknown
# edits: cut the demo code after line 41 of the original (module-level demo threads / __main__ block at the end)
#
import threading

# TODO: condition
# https://leetcode.com/problems/fizz-buzz-multithreaded/discuss/390079/Python-using-a-single-threading.Condition
# https://leetcode.com/problems/fizz-buzz-multithreaded/discuss/403822/Python-99.17-time-by-cheating # TODO: cheating

class FizzBuzz:
    def __init__(self, n: int):
        self.n = n
        self.cnt = 1
        self.lock = threading.Lock()

    # printFizz() outputs "fizz"
    def fizz(self, printFizz: 'Callable[[], None]') -> None:
        while self.cnt <= self.n:
            if (self.cnt % 3 == 0) & (self.cnt % 5 != 0):
                printFizz()
                self.cnt += 1

    # printBuzz() outputs "buzz"
    def buzz(self, printBuzz: 'Callable[[], None]') -> None:
        while self.cnt <= self.n:
            if (self.cnt % 5 == 0) & (self.cnt % 3 != 0):
                printBuzz()
                self.cnt += 1

    # printFizzBuzz() outputs "fizzbuzz"
    def fizzbuzz(self, printFizzBuzz: 'Callable[[], None]') -> None:
        while self.cnt <= self.n:
            if self.cnt % 15 == 0:
                printFizzBuzz()
                self.cnt += 1

    # printNumber(x) outputs "x", where x is an integer.
    def number(self, printNumber: 'Callable[[int], None]') -> None:
        while self.cnt <= self.n:
            if (self.cnt % 3 != 0) & (self.cnt % 5 != 0):
                printNumber(self.cnt)
                self.cnt += 1


