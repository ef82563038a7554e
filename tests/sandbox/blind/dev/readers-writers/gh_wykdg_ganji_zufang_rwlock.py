# source: https://github.com/wykdg/ganji_zufang/blob/c4d7e31a8492e93896773d38543a0b0054779b7e/58_login/rwlock.py
# author-license: unknown
# edits: none
#
import threading
class ReadWriteLock(object):
    def __init__(self):
        self.__monitor = threading.Lock()
        self.__exclude = threading.Lock()
        self.readers = 0

    def acquire_read(self):
        with self.__monitor:
            self.readers += 1
            if self.readers == 1:
                self.__exclude.acquire()

    def release_read(self):
        with self.__monitor:
            self.readers -= 1
            if self.readers == 0:
                self.__exclude.release()

    def acquire_write(self):
        self.__exclude.acquire()

    def release_write(self):
        self.__exclude.release()
