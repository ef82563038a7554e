# source: https://github.com/dengshilong/leetcode/blob/a450c29adb79a41e2bc638afd89bd6e8f461fa48/py_solution/p1115_use_event.py
# author-license: unknown
# edits: cut the demo code after line 37 of the original (module-level demo threads / __main__ block at the end)
#
import threading


class FooBar(object):
    def __init__(self, n):
        self.n = n
        self.ea = threading.Event()
        self.eb = threading.Event()
        self.ea.set()

    def foo(self, printFoo):
        """
        :type printFoo: method
        :rtype: void
        """
        for i in range(self.n):
            # printFoo() outputs "foo". Do not change or remove this line.
            self.ea.wait()
            # print('bbbb')
            printFoo()
            self.eb.set()
            # print('cccc')

    def bar(self, printBar):
        """
        :type printBar: method
        :rtype: void
        """
        for i in range(self.n):
            # printBar() outputs "bar". Do not change or remove this line.
            # print('lllll')
            self.eb.wait()
            # print('aaaa')
            printBar()
            self.ea.set()


