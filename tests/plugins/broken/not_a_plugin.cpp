// A valid shared object that is not a tally plugin.
extern "C" int answer() { return 42; }
