# source: https://github.com/johntmorgan/coding_coursework_public/blob/c7a6e55ad784ed790ad9b992a356b1b4b7da7cee/python_practice_problems_2/71_async/unisex_bathroom.py
# author-license: unknown
# edits: cut the __main__ block after line 62
#
#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""
Created on Thu Mar 30 18:08:32 2023

@author: johnmorgan
"""

from threading import Condition
from threading import Semaphore
from threading import Thread
import time

class UnisexBathroom():
    def __init__(self):
        self.in_use_by = None
        self.employee_count = 0
        self.max_emps = Semaphore()
        self.cond = Condition()
    
    def use_bathroom(self, name):
        print("\n{0} is using the bathroom. {1} employees in bathroom".
              format(name, self.employee_count))
        time.sleep(3)
        print("\n{0} is done using the bathroom".format(name))
    
    def male_use_bathroom(self, name):
        with self.cond:
            while self.in_use_by == "female":
                self.cond.wait()
            self.max_emps.acquire()
            self.employee_count += 1
            self.in_use_by = "male"
        
        self.use_bathroom(name)
        # Must release here or monitor never released
        self.max_emps.release()
        
        with self.cond:
            self.employee_count -= 1
            if self.employee_count == 0:
                self.in_use_by = None
            
            self.cond.notifyAll()
            
    def female_use_bathroom(self, name):
        with self.cond:
            while self.in_use_by == "male":
                self.cond.wait()
            self.max_emps.acquire()
            self.employee_count += 1
            self.in_use_by = "female"
        
        self.use_bathroom(name)
        self.max_emps.release()
        
        with self.cond:
            self.employee_count -= 1
            if self.employee_count == 0:
                self.in_use_by = None
            
            self.cond.notifyAll()
