"""One module per page: sign-in, the list of programmes, Oversikt, Frister, Dokumenter, Data, Meldinger, Fylket."""
