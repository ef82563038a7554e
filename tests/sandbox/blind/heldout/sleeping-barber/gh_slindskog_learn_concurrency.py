# source: https://github.com/slindskog/learn-concurrency/blob/e894d3e4301285cf62266b74f3bbe3eef790d0df/practice_problems/barber_shop.py
# author-license: unknown
# edits: cut the __main__ block after line 44
#
import time
from threading import Thread, Semaphore, Lock


class BarberShop:

    def __init__(self):
        self.total_chairs = 4
        self.waiting_customers = 0
        self.haircuts_given = 0
        self.lock = Lock()
        self.wait_for_customers_to_enter = Semaphore(0)
        self.wait_for_barber_to_get_ready = Semaphore(0)
        self.wait_for_barber_to_cut_hair = Semaphore(0)
        self.wait_for_customers_to_leave = Semaphore(0)

    def customer_walks_in(self):
        with self.lock:
            if self.waiting_customers == self.total_chairs:
                print(f"Customer walks out, all chairs occupied")
                return
            self.waiting_customers += 1

        self.wait_for_customers_to_enter.release()
        self.wait_for_barber_to_get_ready.acquire()

        with self.lock:
            self.waiting_customers -= 1

        self.wait_for_barber_to_cut_hair.acquire()
        self.wait_for_customers_to_leave.release()

    def barber(self):
        while True:
            self.wait_for_customers_to_enter.acquire()
            self.wait_for_barber_to_get_ready.release()

            self.haircuts_given += 1

            print(f"Barber cutting hair...{self.haircuts_given}")
            time.sleep(0.05)

            self.wait_for_barber_to_cut_hair.release()
            self.wait_for_customers_to_leave.acquire()
