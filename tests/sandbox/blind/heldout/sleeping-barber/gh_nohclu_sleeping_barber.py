# source: https://github.com/Nohclu/Sleeping-Barber-Python-3.6-/blob/955461f4facbe971e2f72a743ede3b79305ee3d8/barber.py
# author-license: unknown
# edits: cut the __main__ block after line 72
#
import time, random, threading
from queue import Queue

CUSTOMERS_SEATS = 15        #Number of seats in BarberShop 
BARBERS = 3                #Number of Barbers working
EVENT = threading.Event()   #Event flag, keeps track of Barber/Customer interactions
global Earnings
global SHOP_OPEN

class Customer(threading.Thread):       #Producer Thread
    def __init__(self, queue):          #Constructor passes Global Queue (all_customers) to Class
        threading.Thread.__init__(self)
        self.queue = queue
        self.rate = self.whatCustomer()  

    def whatCustomer(self):
        cust_types = ["adult","senior","student","child"]
        cust_rates = {"adult":16,
                    "senior":7, 
                    "student":10, 
                    "child":7}
        t = random.choice(cust_types)
        print(t + " rate.")
        return cust_rates[t]

    def run(self):
        if not self.queue.full(): #Check queue size
            EVENT.set() #Sets EVENT flag to True i.e. Customer available in the Queue
            EVENT.clear() #Alerts Barber that their is a Customer available in the Queue
        else:
            print("Queue full, customer has left.") #If Queue is full, Customer leaves. 

    def trim(self):
        print("Customer haircut started.")
        a = 3 * random.random() #Retrieves random number.
        time.sleep(a) #Simulates the time it takes for a barber to give a haircut.
        payment = self.rate
        print("Haircut finished. Haircut took {}".format(a))    #Barber finished haircut.
        global Earnings
        Earnings += payment


class Barber(threading.Thread):     #Consumer Thread
    def __init__(self, queue):      #Constructor passes Global Queue (all_customers) to Class
        threading.Thread.__init__(self)
        self.queue = queue
        self.sleep = True   #No Customers in Queue therefore Barber sleeps by deafult
    
    def is_empty(self, queue):  #Simple function that checks if there is a customer in the Queue and if so  
        if self.queue.empty():
            self.sleep = True   #If nobody in the Queue Barber sleeps.
        else:
            self.sleep = False  #Else he wakes up.
        print("------------------\nBarber sleep {}\n------------------".format(self.sleep))
    
    def run(self):
        global SHOP_OPEN
        while SHOP_OPEN:            
            while self.queue.empty():
                EVENT.wait()    #Waits for the Event flag to be set, Can be seen as the Barber Actually sleeping.
                print("Barber is sleeping...")
            print("Barber is awake.")
            cust = self.queue
            self.is_empty(self.queue)   
            cust = cust.get()  #FIFO Queue So first customer added is gotten.
            cust.trim() #Customers Hair is being cut
            cust = self.queue
            cust.task_done()    #Customers Hair is cut  
            print(self.name)    #Which Barber served the Customer     

def wait():
    time.sleep(1 * random.random())
