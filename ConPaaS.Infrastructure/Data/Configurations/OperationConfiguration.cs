using ConPaaS.Domain.Operations;
using ConPaaS.Domain.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConPaaS.Infrastructure.Data.Configurations;

internal sealed class OperationConfiguration : IEntityTypeConfiguration<Operation>
{
    public void Configure(EntityTypeBuilder<Operation> builder)
    {
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(o => o.Role).HasMaxLength(32);
        builder.Property(o => o.Cloud).HasMaxLength(64);
        builder.Property(o => o.Version).HasMaxLength(64);
        builder.Property(o => o.Input).HasMaxLength(128);
        // Two runners that both read "free" cannot both claim it: the second save fails.
        builder.Property(o => o.RunnerId).IsConcurrencyToken();
        builder.Property(o => o.Step).HasMaxLength(200);
        builder.Property(o => o.Error).HasMaxLength(4000);
        builder.HasIndex(o => new { o.ServiceId, o.Status });
        builder.HasOne<Service>().WithMany().HasForeignKey(o => o.ServiceId).OnDelete(DeleteBehavior.Cascade);
    }
}
