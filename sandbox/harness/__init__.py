"""The in-sandbox test runner for threading exercises.

Runs under `/usr/bin/python3 -I -S -B` with the standard library only. The grader ships these
files into the job as a package (see sandbox.grader) and runs `__main__.py`. Nothing here may
import from the rest of `sandbox`: only the files of this folder travel into the sandbox.
"""
