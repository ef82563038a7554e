# source: https://github.com/belito3/computer-science/blob/76829b8d73a24448ee5203f1547db0ee0ad7c4eb/concurrency/1195/s2.py
# author-license: unknown
# edits: cut the demo code after line 64 of the original (module-level demo threads / __main__ block at the end)
#
import threading

# TODO: condition (wait with while true) # Chạy chưa đúng

class FizzBuzz:
    def __init__(self, n: int):
        self.n = n
        self.cnt = 1
        self.conditon = threading.Condition()

    # printFizz() outputs "fizz"
    def fizz(self, printFizz: 'Callable[[], None]') -> None:
        while True:
            with self.conditon:
                while (self.cnt % 3 != 0) | (self.cnt % 5 == 0): # (self.cnt % 3 == 0) & (self.cnt % 5 != 0)
                    self.conditon.wait()                
                if self.cnt > self.n:
                    print("fizz break")
                    break
                printFizz()
                self.cnt += 1
                self.conditon.notify_all()                                        

    # printBuzz() outputs "buzz"
    def buzz(self, printBuzz: 'Callable[[], None]') -> None:
        while True:
            with self.conditon:
                while (self.cnt % 5 != 0) | (self.cnt % 3 == 0): # (self.cnt % 5 == 0) & (self.cnt % 3 != 0)
                    self.conditon.wait()
                if self.cnt > self.n:
                    print("buzz break")
                    break
                printBuzz()
                self.cnt += 1
                self.conditon.notify_all()                    

    # printFizzBuzz() outputs "fizzbuzz"
    def fizzbuzz(self, printFizzBuzz: 'Callable[[], None]') -> None: 
        while True:
            with self.conditon:
                while (self.cnt % 3 != 0) | (self.cnt % 5 != 0): # (self.cnt % 3 == 0) & (self.cnt % 5 == 0)
                    self.conditon.wait()
                if self.cnt > self.n:
                    print("fizzbuzz break")
                    break
                printFizzBuzz()
                self.cnt += 1
                self.conditon.notify_all()
                    

    # printNumber(x) outputs "x", where x is an integer.
    def number(self, printNumber: 'Callable[[int], None]') -> None:
        while True:
            with self.conditon:
                while (self.cnt % 3 == 0) | (self.cnt % 5 == 0): # (self.cnt % 3 != 0) & (self.cnt % 5 != 0):
                    self.conditon.wait()  
                if self.cnt > self.n:
                    print("number break")
                    return
                printNumber(self.cnt)
                self.cnt += 1
                self.conditon.notify_all()
                    

