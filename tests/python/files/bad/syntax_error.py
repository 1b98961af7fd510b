import tally


def broken(:  # MARK:error
    pass
