# source: https://github.com/Venkat-Gorla/reader-writer-py/blob/9da9f4d71fe343aba85e1c2ae2ece6aa0c8fe855/src/reader_writer.py
# author-license: ISC
# edits: none
#
from threading import Semaphore

class ReaderWriter:
    def __init__(self):
        self.__reader_count = 0
        self._reader_mutex = Semaphore(1)
        self._reader_writer_mutex = Semaphore(1)

    class ReadLock:
        def __init__(self, reader_writer):
            if not isinstance(reader_writer, ReaderWriter):
                raise TypeError("ReadLock must be instantiated with a ReaderWriter instance.")
            self.outer = reader_writer

        def __enter__(self):
            with self.outer._reader_mutex:
                readers = self.outer._increment_reader()
                if readers == 1:
                    self.outer._reader_writer_mutex.acquire()

            return self

        def __exit__(self, exc_type, exc_value, traceback):
            with self.outer._reader_mutex:
                readers = self.outer._decrement_reader()
                if readers == 0:
                    self.outer._reader_writer_mutex.release()

            return False # Allow exceptions to propagate

    def _increment_reader(self):
        # Ensure that _reader_mutex is already held - do not allow usage
        # without proper locking.
        if self._reader_mutex.acquire(blocking=False):
            raise RuntimeError("Error: Reader mutex was not locked!")
        self.__reader_count += 1
        return self.__reader_count

    def _decrement_reader(self):
        # Ensure that _reader_mutex is already held - do not allow usage
        # without proper locking.
        if self._reader_mutex.acquire(blocking=False):
            raise RuntimeError("Error: Reader mutex was not locked!")
        self.__reader_count -= 1
        return self.__reader_count

    class WriteLock:
        def __init__(self, reader_writer):
            if not isinstance(reader_writer, ReaderWriter):
                raise TypeError("WriteLock must be instantiated with a ReaderWriter instance.")
            self.outer = reader_writer

        def __enter__(self):
            self.outer._reader_writer_mutex.acquire()
            return self

        def __exit__(self, exc_type, exc_value, traceback):
            self.outer._reader_writer_mutex.release()
            return False  # Allow exceptions to propagate

