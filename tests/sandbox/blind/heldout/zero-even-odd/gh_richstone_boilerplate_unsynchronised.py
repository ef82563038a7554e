# source: https://github.com/RichStone/leetcode-boilerplates-and-solutions/blob/32d8671c693b54c16b96e8816887df77458868ce/1116-print-zero-even-odd-CONCURRENCY.py
# author-license: unknown
# edits: cut the __main__ block after line 27 of the original
#
from threading import Thread, Lock
import threading


def printNumber(num):
    print(num, end='')


class ZeroEvenOdd:
    def __init__(self, n):
        self.n = n

    # printNumber(x) outputs "x", where x is an integer.
    def zero(self, printNumber: 'Callable[[int], None]') -> None:
        printNumber(0)

    def even(self, printNumber: 'Callable[[int], None]') -> None:
        n = self.n
        for i in range(1, n):
            printNumber(i * 10)
        if n % 2 == 0:
            printNumber(n)

    def odd(self, printNumber: 'Callable[[int], None]') -> None:
        n = self.n
        if n % 2 == 1:
            printNumber(n)
