#include <analysis/dkim_check.hpp>

#include <catch2/catch.hpp>
