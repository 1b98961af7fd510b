import tally


@tally.benchmark(name="bad param", backends=("eager",))  # MARK:error
class BadName:
    def work(self, meter):
        pass
