# source: https://github.com/beerus11/Leetcode/blob/0e5ac5e5ca2bc4ab488b912a33247c08b77b3f7f/1117-building-h2o/1117-building-h2o.py
# author-license: unknown
# edits: none
#
from threading import Condition

class H2O:
    def __init__(self):
        self.H = 0
        self.O = 0
        self.cond = Condition()


    def hydrogen(self, releaseHydrogen: 'Callable[[], None]') -> None:
        
        with self.cond:
            if self.cond.wait_for(lambda: self.H < 2):
                releaseHydrogen()
                self.H += 1

                if self.H == 2 and self.O == 1:
                    self.H = 0
                    self.O = 0

                self.cond.notify_all()


    def oxygen(self, releaseOxygen: 'Callable[[], None]') -> None:
        
        with self.cond:
            if self.cond.wait_for(lambda: self.O < 1):
                releaseOxygen()
                self.O += 1

                if self.H == 2 and self.O == 1:
                    self.H = 0
                    self.O = 0

                self.cond.notify_all()