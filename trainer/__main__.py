from trainer.start import main

main()
