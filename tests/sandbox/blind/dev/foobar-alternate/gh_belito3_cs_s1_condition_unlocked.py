# source: https://github.com/belito3/computer-science/blob/1be94017f65a7f02ec06c4def15a573ce0188082/concurrency/1115/s1.py
# author-license: unknown
# edits: cut the demo code after line 30 of the original (module-level demo threads / __main__ block at the end)
#
import threading

# s1: event,
# s2: condition with lock
# s3: semaphore
# ...
# sn: go routine use channel. too ez
class FooBar:
    def __init__(self, n):
        self.n = n
        #self.lock = threading.Lock()
        self.foo_complete = threading.Condition()
        self.bar_complete = threading.Condition()
        self.cnt = 0

    def foo(self, printFoo: 'Callable[[], None]') -> None:
        for i in range(self.n):
            # printFoo() outputs "foo". Do not change or remove this line.
            printFoo()
            self.foo_complete.notify_all()
            self.bar_complete.wait()

    def bar(self, printBar: 'Callable[[], None]') -> None:
        for i in range(self.n):
            self.foo_complete.wait()
            # printBar() outputs "bar". Do not change or remove this line.
            printBar()
            self.bar_complete.notify_all()


