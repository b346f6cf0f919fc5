using System.Text.Json;

namespace Coffer.Replication.Tests.Replication;

public sealed class ActivationBundleTests
{
    private static ActivationBundle Sample() => new()
    {
        SecondaryId = "us-east",
        ClusterId = "c1",
        PrimaryClusterAddress = "https://10.0.0.1:8201",
        CaCertificatePem = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----",
        ClientCertificatePem = "-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----",
        ClientKeyPem = "-----BEGIN PRIVATE KEY-----\nSECRETKEY\n-----END PRIVATE KEY-----",
    };

    [Fact]
    public void ToJson_RoundTrip_KeepsEveryFieldUnderSnakeCaseNames()
    {
        var json = Sample().ToJson();

        using var document = JsonDocument.Parse(json);
        Assert.Equal(
            ["version", "secondary_id", "cluster_id", "primary_cluster_addr", "ca_cert_pem", "client_cert_pem", "client_key_pem"],
            document.RootElement.EnumerateObject().Select(p => p.Name));
        var back = ActivationBundle.FromJson(json);
        Assert.Equal(Sample().ClientKeyPem, back.ClientKeyPem);
        Assert.Equal(Sample().PrimaryClusterAddress, back.PrimaryClusterAddress);
        Assert.Equal(1, back.Version);
    }

    [Fact]
    public void ToString_Always_OmitsTheKeyMaterial()
    {
        Assert.DoesNotContain("SECRETKEY", Sample().ToString());
    }

    [Theory]
    [InlineData("not json SECRETKEY")]
    [InlineData("{\"version\":1,\"secondary_id\":\"x\"}")]
    [InlineData("{\"version\":2,\"secondary_id\":\"x\",\"cluster_id\":\"c\",\"primary_cluster_addr\":\"https://a:1\",\"ca_cert_pem\":\"\",\"client_cert_pem\":\"\",\"client_key_pem\":\"\"}")]
    [InlineData("{\"version\":1,\"secondary_id\":\"x\",\"cluster_id\":\"c\",\"primary_cluster_addr\":\"http://a:1\",\"ca_cert_pem\":\"\",\"client_cert_pem\":\"\",\"client_key_pem\":\"\"}")]
    public void FromJson_Invalid_ThrowsFormatExceptionWithoutEchoingInput(string json)
    {
        var error = Assert.Throws<FormatException>(() => ActivationBundle.FromJson(json));
        Assert.DoesNotContain("SECRETKEY", error.Message);
    }
}
