# source: https://github.com/shankarkrishnamurthy/problem-solving/blob/08ad3868aeb65cd366abb9089dad9ff77606915c/building-h2o.py
# author-license: unknown
# edits: none
#
from collections import deque
class H2O:
    def __init__(self):
        self.hq, self.oq = deque(), deque()

    def hydrogen(self, releaseHydrogen: 'Callable[[], None]') -> None:
        self.hq.append(releaseHydrogen)
        self.h2o()

    def oxygen(self, releaseOxygen: 'Callable[[], None]') -> None:
        self.oq.append(releaseOxygen)
        self.h2o()
        
    def h2o(self) -> None:
        if len(self.hq) > 1 and len(self.oq) > 0:
            self.hq.popleft()()
            self.hq.popleft()()
            self.oq.popleft()()
