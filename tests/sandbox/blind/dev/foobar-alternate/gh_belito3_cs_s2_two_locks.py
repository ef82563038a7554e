# source: https://github.com/belito3/computer-science/blob/f4ef4c96fe70d98de3d80e4cce2e89d913f96828/concurrency/1115/s2.py
# author-license: unknown
# edits: cut the demo code after line 32 of the original (module-level demo threads / __main__ block at the end)
#
import threading

# s1: only event
# s2: only lock
# s2: condition with lock
# s3: semaphore
# ...
# sn: go routine use channel. too ez


class FooBar:
    def __init__(self, n):
        self.n = n
        self.foo_lock = threading.Lock()
        self.bar_lock = threading.Lock()
        self.bar_lock.acquire()

    def foo(self, printFoo: 'Callable[[], None]') -> None:
        for i in range(self.n):
            self.foo_lock.acquire()
            # printFoo() outputs "foo". Do not change or remove this line.
            printFoo()
            self.bar_lock.release()

    def bar(self, printBar: 'Callable[[], None]') -> None:
        for i in range(self.n):
            self.bar_lock.acquire()
            # printBar() outputs "bar". Do not change or remove this line.
            printBar()
            self.foo_lock.release()


