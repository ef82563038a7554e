# source: https://github.com/DhawalV1/competitiveCoding/blob/86bfb329968154389a673b315347430a8aabdfe4/1115-print-foobar-alternately/1115-print-foobar-alternately.py
# author-license: unknown
# edits: added import on header (import threading, implied by LeetCode)
import threading  # added: implied by the LeetCode environment
#
class FooBar:
    def __init__(self, n):
        self.n = n
        
        self.lockFoo = threading.Lock()
        self.lockFoo.acquire()
        self.lockBar = threading.Lock()

    def foo(self, printFoo):
        for i in range(self.n):
            self.lockBar.acquire() # make sure 'Bar' has been printed out before, and prevend any more print before 
            printFoo()
            self.lockFoo.release() # release so we can print 'Foo' next


    def bar(self, printBar):
        for i in range(self.n):
            self.lockFoo.acquire() # make sure 'Foo' has been printed out before, and prevend any more print before 
            printBar()
            self.lockBar.release() # release so we can print 'Bar' next


  
