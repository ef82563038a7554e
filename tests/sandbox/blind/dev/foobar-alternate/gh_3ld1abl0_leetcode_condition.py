# source: https://github.com/3l-d1abl0/leetcode/blob/7ad933e51327e80e35efc563a828c08acf4ee349/1115-print-foobar-alternately/1115-print-foobar-alternately.py
# author-license: unknown
# edits: none
#
from threading import Condition

class FooBar:
    def __init__(self, n):
        self.n = n
        self.val = "F"
        self.cv = Condition()


    def foo(self, printFoo: 'Callable[[], None]') -> None:
        
        for i in range(self.n):
            
            # printFoo() outputs "foo". Do not change or remove this line.
            self.cv.acquire()
            while self.val != "F":
                self.cv.wait()
            
            printFoo()
            self.val = "B"
            self.cv.notify(1)
            self.cv.release()


    def bar(self, printBar: 'Callable[[], None]') -> None:
        
        for i in range(self.n):
            
            # printBar() outputs "bar". Do not change or remove this line.
            self.cv.acquire()
            while self.val != "B":
                self.cv.wait()
            printBar()
            self.val = "F"
            self.cv.notify(1)
            self.cv.release()
        	
