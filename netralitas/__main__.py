from netralitas.entry import main

main()
