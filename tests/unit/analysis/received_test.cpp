#include <analysis/received.hpp>

#include <catch2/catch.hpp>
