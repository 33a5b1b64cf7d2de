from certwright.cli import main

main()
