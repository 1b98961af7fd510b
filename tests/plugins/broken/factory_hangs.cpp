// Its factory never returns.
#include <unistd.h>

#include <tally/plugin.hpp>

tally::Plugin make_plugin() {
  for (;;) ::pause();
}
TALLY_PLUGIN(make_plugin)
