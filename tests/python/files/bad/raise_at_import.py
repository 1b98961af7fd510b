import tally


def load_table():
    raise ValueError("table is empty\nsecond line of the message")  # MARK:error


TABLE = load_table()
