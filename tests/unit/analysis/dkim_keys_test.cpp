#include <analysis/dkim_keys.hpp>

#include <catch2/catch.hpp>
