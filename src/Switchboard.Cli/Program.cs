Console.Error.WriteLine("usage: switchboard yjs <merge|diff|state-vector|decode> ...");
return 2;
