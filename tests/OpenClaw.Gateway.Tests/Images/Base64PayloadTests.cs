using System.Text;
using OpenClaw.Gateway.Images;

namespace OpenClaw.Gateway.Tests.Images;

public sealed class Base64PayloadTests
{
    [Theory]
    [InlineData("QUJD", "ABC")]
    [InlineData("QUI=", "AB")]
    [InlineData("QQ==", "A")]
    [InlineData("QUI", "AB")]
    [InlineData("QQ", "A")]
    [InlineData(" QU\r\nJD\t", "ABC")]
    [InlineData("QQ = =", "A")]
    [InlineData("+/+/", "\u00fb\u00ff\u00bf")]
    public void TryDecode_Valid_Decodes(string text, string expectedLatin1)
    {
        // Act
        var bytes = Base64Payload.TryDecode(Encoding.ASCII.GetBytes(text));

        // Assert
        bytes.Should().Equal(Encoding.Latin1.GetBytes(expectedLatin1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("==")]
    [InlineData("Q")]
    [InlineData("QUJDR")]
    [InlineData("QQ=")]
    [InlineData("QUJD=")]
    [InlineData("QUI==")]
    [InlineData("QQ===")]
    [InlineData("QQ==QQ==")]
    [InlineData("QR==")]
    [InlineData("QUJ=")]
    [InlineData("QU-D")]
    [InlineData("QU_D")]
    [InlineData("QU.D")]
    [InlineData("QUJD\u00e9")]
    public void TryDecode_Invalid_IsNull(string text)
    {
        // Act
        var bytes = Base64Payload.TryDecode(Encoding.UTF8.GetBytes(text));

        // Assert
        bytes.Should().BeNull();
    }

    [Fact]
    public void TryDecode_LargePayload_MatchesTheFramework()
    {
        // Arrange
        var original = new byte[3 * 1024 * 1024 + 1];
        new Random(7).NextBytes(original);
        var text = Convert.ToBase64String(original, Base64FormattingOptions.InsertLineBreaks);

        // Act
        var bytes = Base64Payload.TryDecode(Encoding.ASCII.GetBytes(text));

        // Assert
        bytes.Should().Equal(original);
    }

    [Theory]
    [InlineData("QUJD", 3)]
    [InlineData("QUI=", 2)]
    [InlineData("QQ==", 1)]
    [InlineData("QQ = = \n", 1)]
    [InlineData("QUJDRA", 4)]
    [InlineData("", 0)]
    public void EstimateDecodedLength_CountsWithoutDecoding(string text, long expected)
    {
        // Act
        var estimate = Base64Payload.EstimateDecodedLength(Encoding.ASCII.GetBytes(text));

        // Assert
        estimate.Should().Be(expected);
    }
}
