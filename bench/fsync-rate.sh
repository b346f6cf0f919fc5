#!/usr/bin/env bash
# Prints this machine's fsync rate: 4 KiB write + fsync rounds per second for a few seconds in a
# temporary directory (bench/README.md says how to read it). Arguments go to bench/fsync-rate.cs:
#   --dir PATH     measure the file system holding PATH (default: the system temp directory)
#   --seconds N    how long to measure (default 3, at most 30)
#   --quiet        print only the rate, for other scripts to show beside file-backend write rates
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# A .NET 10 file-based program: built on first use (a few seconds), cached afterwards.
exec dotnet run --file "$here/fsync-rate.cs" -- "$@"
