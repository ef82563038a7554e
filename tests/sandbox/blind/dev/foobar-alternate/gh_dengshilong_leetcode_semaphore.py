# source: https://github.com/dengshilong/leetcode/blob/d76b12e042caa232b4d09fece730d2ae21571efa/py_solution/p1115_use_semaphore.py
# author-license: unknown
# edits: cut the demo code after line 37 of the original (module-level demo threads / __main__ block at the end)
#
import threading


class FooBar(object):
    def __init__(self, n):
        self.n = n
        self.sa = threading.Semaphore(1)
        self.sb = threading.Semaphore(0)

    def foo(self, printFoo):
        """
        :type printFoo: method
        :rtype: void
        """
        for i in range(self.n):
            # printFoo() outputs "foo". Do not change or remove this line.
            # print('lala')
            self.sa.acquire()
            # print('bbbb')
            printFoo()
            self.sb.release()
            # print('cccc')

    def bar(self, printBar):
        """
        :type printBar: method
        :rtype: void
        """
        for i in range(self.n):
            # printBar() outputs "bar". Do not change or remove this line.
            # print('lllll')
            self.sb.acquire()
            # print('aaaa')
            printBar()
            self.sa.release()


