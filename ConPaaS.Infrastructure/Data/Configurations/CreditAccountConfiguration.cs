using ConPaaS.Domain.Credits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConPaaS.Infrastructure.Data.Configurations;

internal sealed class CreditAccountConfiguration : IEntityTypeConfiguration<CreditAccount>
{
    public void Configure(EntityTypeBuilder<CreditAccount> builder)
    {
        builder.HasKey(a => a.UserId);
        builder.Property(a => a.UserId).HasMaxLength(450);
        builder.Property(a => a.Balance).HasPrecision(18, 4);
        builder.Property(a => a.ConcurrencyStamp).IsConcurrencyToken();
        builder.Ignore(a => a.IsExhausted);
        builder.HasOne<PortalUser>().WithOne().HasForeignKey<CreditAccount>(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
