"""`pseo i18n`: what each language still lacks, and the round trip through translators' tools."""
