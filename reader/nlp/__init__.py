"""Language processing on article text: sentences, tokens, entities."""
