import tally


def broken(:
    pass
