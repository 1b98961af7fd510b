"""A Python file with no benchmark in it."""
X = 1
