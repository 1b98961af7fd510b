"""Imports a module that does not exist."""
import sys

import tally_no_such_module_for_tests  # MARK:error
