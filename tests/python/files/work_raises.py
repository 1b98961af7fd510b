import tally


def divide(a, b):
    return a / b  # MARK:divide


@tally.benchmark(name="work_raises")
class WorkRaises:
    def work(self, meter):
        divide(1, 0)  # MARK:call
