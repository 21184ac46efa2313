#include <analysis/analyze.hpp>

#include <catch2/catch.hpp>
