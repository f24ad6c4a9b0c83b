using ConPaaS.Domain.Manifests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ConPaaS.Infrastructure.Data.Configurations;

internal sealed class DeploymentConfiguration : IEntityTypeConfiguration<Deployment>
{
    public void Configure(EntityTypeBuilder<Deployment> builder)
    {
        builder.Property(d => d.OwnerId).HasMaxLength(450);
        builder.Property(d => d.ApplicationName).HasMaxLength(Domain.Names.MaxLength + 8);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Step).HasMaxLength(200);
        builder.Property(d => d.Error).HasMaxLength(4000);
        builder.HasIndex(d => new { d.OwnerId, d.Status });
        builder.HasMany(d => d.Services).WithOne().HasForeignKey(s => s.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(d => d.Services).AutoInclude();
    }
}
