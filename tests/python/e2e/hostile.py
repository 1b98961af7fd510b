"""Python benchmarks that misbehave in work(), one way each: every one must
cost only its own cell, with a reason that says what happened."""

import ctypes
import os
import sys

import tally


def _cell(name):
    return tally.benchmark(name=name, backends=("eager",))


@_cell("py_raises")
class Raises:
    def work(self, meter):
        raise ValueError("the model is broken")  # line 18


@_cell("py_sys_exit")
class SysExit:
    def work(self, meter):
        sys.exit(3)


@_cell("py_os_exit")
class OsExit:
    def work(self, meter):
        os._exit(4)


@_cell("py_abort")
class Abort:
    def work(self, meter):
        os.abort()


@_cell("py_segfault")
class Segfault:
    def work(self, meter):
        ctypes.string_at(0)  # reads address 0 in C


@_cell("py_endless")
class Endless:
    def work(self, meter):
        while True:
            pass


@_cell("py_prints")
class Prints:
    def work(self, meter):
        print("to stdout from python")
        print("to stderr from python", file=sys.stderr)
        raise RuntimeError("after printing")


@_cell("py_fine")
class Fine:
    def work(self, meter):
        sum(range(1000))
