import tally
import no_such_module_for_tally_tests  # line 2
