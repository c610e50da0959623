using MlPipeline.Serving.Http;

namespace MlPipeline.Tests.Serving;

/// <summary>Issue 8: binding a non-loopback address is warned about.</summary>
public sealed class ExposedAddressesTests
{
    [Fact]
    public void Only_loopback_addresses_are_private()
    {
        string[] urls = ["http://127.0.0.1:5000", "http://localhost:5001", "http://[::1]:5002", "http://0.0.0.0:5003", "http://*:5004", "http://+:5005", "http://192.168.1.7:5006", "http://[::]:5007"];

        Assert.Equal(
            ["http://0.0.0.0:5003", "http://*:5004", "http://+:5005", "http://192.168.1.7:5006", "http://[::]:5007"],
            ExposedAddresses.NonLoopback(urls));
    }
}
