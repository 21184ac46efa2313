# Third-party libraries, all from Debian packages (scripts/install-deps). Nothing is downloaded
# or vendored. Each stage links what it uses PRIVATE, so public headers stay std + core only.
find_package(PkgConfig REQUIRED)
find_package(CURL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(Threads REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(tl-expected REQUIRED)
find_package(tomlplusplus REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Mimetic REQUIRED)
pkg_check_modules(OpenDKIM REQUIRED IMPORTED_TARGET opendkim)
