enum DataChannelPlaceholder {}
