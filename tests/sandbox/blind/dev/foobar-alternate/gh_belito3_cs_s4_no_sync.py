# source: https://github.com/belito3/computer-science/blob/f4ef4c96fe70d98de3d80e4cce2e89d913f96828/concurrency/1115/s4.py
# author-license: unknown
# edits: cut the demo code after line 25 of the original (module-level demo threads / __main__ block at the end)
#
import threading

# s1: only event
# s2: only lock
# s3: semaphore
# s4: condition
# ...
# sn: go routine use channel. too ez


class FooBar:
    def __init__(self, n):
        self.n = n

    def foo(self, printFoo: 'Callable[[], None]') -> None:
        for i in range(self.n):
            # printFoo() outputs "foo". Do not change or remove this line.
            printFoo()

    def bar(self, printBar: 'Callable[[], None]') -> None:
        for i in range(self.n):
            # printBar() outputs "bar". Do not change or remove this line.
            printBar()


